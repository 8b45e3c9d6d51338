flame-graph --format png --uicolor "var(--x)" small.folded
