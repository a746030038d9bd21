"""The forum's pages: reading, posting and moderating. Thin: access check, selector, one service."""
