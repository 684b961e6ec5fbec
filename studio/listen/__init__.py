"""Listening as well as talking (issue 18): the mentions inbox and each post's engagement, read back from the
networks Studio posts to. Qt-free; usable from the CLI, the app and tests."""
