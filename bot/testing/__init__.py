"""Helpers that start the real servers for the end-to-end tests and the benchmarks (bench/)."""
