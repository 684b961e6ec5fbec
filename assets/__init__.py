"""Studio's bundled files, shipped inside the package as `studio.assets` (see `studio.resources`)."""
