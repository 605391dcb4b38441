"""The charts of the pages, written as plugin-made HTML and SVG."""
