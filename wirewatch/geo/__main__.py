"""`python -m wirewatch.geo [DEST]`: build the gazetteer index (with a progress bar) and print its path."""

import sys
from pathlib import Path

from .build import build_gazetteer, stderr_progress

print(build_gazetteer(Path(sys.argv[1]) if len(sys.argv) > 1 else None, stderr_progress()))
