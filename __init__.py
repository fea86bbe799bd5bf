"""plandesk: review and update a delivery plan from the keyboard."""

__version__ = "0.1.0"
