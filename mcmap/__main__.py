"""Allow ``python -m mcmap``."""

from mcmap.cli import main

if __name__ == "__main__":
    main()
