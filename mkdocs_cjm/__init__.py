"""mkdocs-cjm: customer-journey maps in Markdown, published as a versioned CX handbook."""
