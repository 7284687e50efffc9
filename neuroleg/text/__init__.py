"""Text rules every layer shares: how names compare, how words are told apart, how lists and figures read."""
