"""Decision aids: "Should I try ketamine for my pain?", one per condition.

Each decision is data (content/decisions/NAME.yaml, checked by data.py) and
its frequencies are drawn as icon arrays (icons.py); grid.py lays both out
for the theme's option grid. A page shows one with a paragraph
`[[decision NAME]]`, placed by the figures step (plugins/figures).
"""
