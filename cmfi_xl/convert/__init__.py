"""``cmfi-xl convert``: individual members (model 4) into member groups. See :mod:`.core`."""

from cmfi_xl.core.models import IndividualMember

from .core import Conversion, PersonResult, convert

__all__ = ["Conversion", "IndividualMember", "PersonResult", "convert"]
