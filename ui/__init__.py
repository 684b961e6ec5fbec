"""Studio's style sheets and icons, shipped inside the package as `studio.ui` (see `studio.resources`)."""
