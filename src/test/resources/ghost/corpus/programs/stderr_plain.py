import sys
sys.stderr.write("fatal: configuration missing\n")
sys.exit(1)
