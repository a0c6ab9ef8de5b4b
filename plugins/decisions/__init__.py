"""Decision aids: "Should I try ketamine for my pain?", one per condition.

Each decision is data (content/decisions/NAME.yaml, checked by data.py) and
its frequencies are drawn as icon arrays (icons.py). The pages, worksheet and
trial plan that show them are built on this in a later step.
"""
