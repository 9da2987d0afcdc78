"""afterview: everything a job seeker owes after an interview, as software."""

__version__ = "0.1.0"
