"""Reading a knowledge base: find the file, parse its YAML safely, validate it into typed records."""
