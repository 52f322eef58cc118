# The shipped templates, installed as the package data `docgen.templates` (see docgen/resources.py).
