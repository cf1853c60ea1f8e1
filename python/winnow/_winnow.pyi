# Types of the compiled half; the documented API is in __init__.py.
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

version: str

class RuleError(ValueError):
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    message: str
    diagnostics: List[Tuple[str, Optional[str], Optional[int], Optional[int], Optional[str]]]

class FormatError(ValueError): ...

def format_from_name(path: Any) -> Optional[Tuple[str, bool]]: ...

class Filter:
    def __init__(
        self,
        rules: Any = ...,
        params: Optional[Mapping[str, float]] = ...,
        defaults: bool = ...,
        *,
        keep: Union[None, str, Iterable[str]] = ...,
        spam_threshold: Optional[float] = ...,
        max_doc_bytes: Optional[int] = ...,
        max_line_bytes: Optional[int] = ...,
    ) -> None: ...
    def clean(self, text: Any) -> Any: ...
    def explain(self, text: Any) -> List[tuple]: ...
    def spam(self, text: Any) -> Tuple[float, Tuple[str, ...], bool, str]: ...
    def clean_with_stats(self, text: Any) -> Tuple[Any, Dict[str, Any]]: ...
    def clean_file(self, src: Any, dst: Any, **options: Any) -> Dict[str, Any]: ...
    def format_summary(self, summary: Dict[str, Any], seconds: float = ...) -> str: ...
    @property
    def categories(self) -> Tuple[str, ...]: ...
    @property
    def rules_hash(self) -> str: ...
