"""What the pages show, computed as plain values and text: no markup."""
