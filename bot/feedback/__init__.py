"""What widget users think of the help: a thumb per bot answer and a satisfaction score per resolved chat."""
