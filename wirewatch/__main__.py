"""``python -m wirewatch`` runs the command line."""

from .cli import main

main()
