"""Domain model: pydantic records of every form, pure rules; stdlib + pydantic only."""
