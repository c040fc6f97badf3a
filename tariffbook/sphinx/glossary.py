"""A Sphinx extension: link each glossary term where it first appears on every page.

Done on the resolved doctree of each page, so it reaches prose, generated pages and notebook outputs
alike, and no page can forget a link. Text inside links, code, titles and the glossary itself is left alone.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

SKIP = (
    nodes.reference,
    nodes.literal,
    nodes.literal_block,
    nodes.title,
    nodes.raw,
    nodes.FixedTextElement,
    addnodes.pending_xref,
    nodes.term,
    nodes.caption,
    nodes.target,
)


def _terms(env) -> dict[str, tuple[str, str]]:
    std = env.get_domain("std")
    out = {}
    for (objtype, name), entry in std.objects.items():
        if objtype == "term":
            docname, labelid = entry[0], entry[1]
            out[name] = (docname, labelid)
    return out


def link_first_use(app, doctree, docname) -> None:
    """Link the first appearance of each glossary term in the page's text to its definition."""
    if app.builder.format != "html":
        return
    terms = _terms(app.env)
    if not terms or any(doc == docname for doc, _ in terms.values()):
        return
    todo = {name: re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE) for name in terms}
    queue = list(doctree.findall(nodes.Text))
    while queue and todo:
        text = queue.pop(0)
        parent = text.parent
        if parent is None or any(isinstance(a, SKIP) for a in _ancestors(text)):
            continue
        value = str(text)
        hits = sorted((m.start(), m.end(), name) for name, rx in todo.items() if (m := rx.search(value)))
        if not hits:
            continue
        start, end, name = hits[0]
        docn, labelid = terms[name]
        uri = app.builder.get_relative_uri(docname, docn) + "#" + labelid
        ref = nodes.reference(
            "", value[start:end], internal=True, refuri=uri, classes=["tariffbook-term"], reftitle=f"Glossary: {name}"
        )
        tail = nodes.Text(value[end:])
        parent.replace(text, [nodes.Text(value[:start]), ref, tail])
        del todo[name]
        queue.insert(0, tail)  # the rest of this text may hold another term


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("doctree-resolved", link_first_use)
