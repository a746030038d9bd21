"""The automatic checks on new posts. Everything here but `runtime` is pure: plain text in, scores out."""
