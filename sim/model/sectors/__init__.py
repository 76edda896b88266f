"""One file per sector; each sector is a set of compiled functions over the flat state."""
