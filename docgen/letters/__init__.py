"""Award letters: plan one per bidder per Lot, render them, prove them, record them."""
