"""Everything the terminal shows. The only package that imports Rich."""
