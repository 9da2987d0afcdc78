"""The playbook and the records it reads: pure Python, no I/O, no frameworks, no clock."""
