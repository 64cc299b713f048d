"""Helpers of the tests that read our source code (the vocabulary guard, words in one place)."""

import ast


def docstring_nodes(tree: ast.AST) -> set[int]:
    """id() of every docstring constant of a parsed module, class or function (a scan skips them)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found
