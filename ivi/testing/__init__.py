"""Drive the head unit headless: tap by test_id, wait for text, advance the simulator clock."""
