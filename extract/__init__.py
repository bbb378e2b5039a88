"""Reading policy documents and extracting their structure into a :class:`Document`."""
from extract.errors import ExtractError, PolicyKGError

__all__ = ["ExtractError", "PolicyKGError"]
