"""`python -m wirewatch.geo [DEST]`: build the gazetteer index and print its path."""

import sys
from pathlib import Path

from . import build_gazetteer

print(build_gazetteer(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
