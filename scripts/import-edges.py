#!/usr/bin/env python3
"""Lists the import edges between the files of src/ and reports any cycle.

An edge A -> B means a path in file A (a `use` or a path in code, such as `super::x` or
`crate::a::b::c`) names module file B or an item of it; an item that a `mod.rs` only re-exports
(`pub use child::Item`) counts as the child's. Declaring a child module (`mod x;`) is no edge.
Usage: scripts/import-edges.py [--all] [--under src/bot]   (--all prints every edge)
"""
import os, re, sys
from collections import defaultdict

ROOT = os.environ.get("ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SRC = os.path.join(ROOT, "src")

def module_of(path):
    rel = os.path.relpath(path, SRC)[:-3].split(os.sep)
    if rel == ["lib"]:
        return []
    if rel[-1] == "mod":
        rel = rel[:-1]
    return rel

files = {}
for d, _, names in os.walk(SRC):
    for n in names:
        if n.endswith(".rs") and not (d == SRC and n == "main.rs"):
            p = os.path.join(d, n)
            files[tuple(module_of(p))] = os.path.relpath(p, ROOT)

def reexports(mod):
    """`pub use child::{A, B}` in a module file: item -> child module."""
    out = {}
    text = open(os.path.join(ROOT, files[mod])).read()
    for m in re.finditer(r"^pub(?:\(crate\))? use (\w+)::(\{[^}]*\}|\w+)", text, re.M):
        for item in re.findall(r"\w+", m.group(2)):
            if mod + (m.group(1),) in files:
                out[item] = mod + (m.group(1),)
    return out

REEXPORTS = {m: reexports(m) for m in files}

def resolve(segments):
    """The file a module path names (longest module prefix, then re-exports)."""
    best = ()
    for i in range(len(segments) + 1):
        if tuple(segments[:i]) in files:
            best = tuple(segments[:i])
        else:
            break
    rest = segments[len(best):]
    if rest and rest[0] in REEXPORTS.get(best, {}):
        return REEXPORTS[best][rest[0]]
    return best

def expand(tree):
    """`a::{b, c::{d, E}}` -> [[a, b], [a, c, d], [a, c, E]]."""
    tree = tree.strip()
    m = re.match(r"^([\w:]*?)(::)?\{(.*)\}$", tree, re.S)
    if not m:
        return [[s for s in tree.split(" as ")[0].split("::") if s]]
    prefix = [s for s in m.group(1).split("::") if s]
    out, depth, start, body = [], 0, 0, m.group(3)
    for i, c in enumerate(body + ","):
        if c == "{": depth += 1
        elif c == "}": depth -= 1
        elif c == "," and depth == 0:
            part = body[start:i].strip()
            start = i + 1
            if part:
                out += [prefix + p for p in expand(part)]
    return out

PATH = re.compile(r"\b((?:crate|super)(?:::(?:super|\w+))*(?:::\{)?)")

def paths_in(text):
    """Every use tree and every in-code path starting at `crate::`, `super::`, `self::` or a
    child module declared in the file (`mod x;`), the last made `self::x::...`."""
    children = set(re.findall(r"^\s*(?:pub(?:\([\w:]+\))? )?mod (\w+);", text, re.M))
    found = []
    for m in re.finditer(r"^\s*(?:pub(?:\([\w:]+\))? )?use ([^;]*);", text, re.M):
        for p in expand(m.group(1)):
            if p and p[0] in children:
                p = ["self"] + p
            if p and p[0] in ("crate", "super", "self"):
                found.append((m.start(), p))
    code = re.sub(r"//[^\n]*", lambda m: " " * len(m.group(0)), text)
    code = re.sub(r"^\s*(?:pub(?:\([\w:]+\))? )?use [^;]*;", lambda m: " " * len(m.group(0)), code, flags=re.M)
    for m in re.finditer(r"(?<![\w:])\w+(?:::\w+)+", code):
        p = m.group(0).split("::")
        if p[0] in children:
            p = ["self"] + p
        if p[0] in ("crate", "super", "self"):
            found.append((m.start(), p))
    return found

def edges_of(mod, text):
    # Inline child modules (`mod tests {`): paths inside them start one level deeper.
    inline = [(m.start(), m.group(1)) for m in re.finditer(r"^\s*(?:pub )?mod (\w+) \{", text, re.M)]
    out = set()
    for at, segs in paths_in(text):
        here = list(mod)
        inner = [name for start, name in inline if start < at]
        if inner:
            here = here + [inner[-1]]
        if segs[0] == "crate":
            target = segs[1:]
        elif segs[0] == "self":
            target = here + segs[1:]
        else:
            base = list(here)
            while segs and segs[0] == "super":
                base, segs = base[:-1], segs[1:]
            target = base + segs
        found = resolve(target)
        if found != mod:
            out.add(found)
    return out

graph = defaultdict(set)
for mod, path in files.items():
    for target in edges_of(mod, open(os.path.join(ROOT, path)).read()):
        graph[mod].add(target)

under = None
if "--under" in sys.argv:
    under = tuple(module_of(os.path.join(ROOT, sys.argv[sys.argv.index("--under") + 1], "mod.rs")))
def shown(m):
    return under is None or m[:len(under)] == under

if "--all" in sys.argv:
    for mod in sorted(graph):
        for t in sorted(graph[mod]):
            if shown(mod) and shown(t):
                print(f"{files[mod]} -> {files[t]}")

# Strongly connected components (Tarjan) over the edges shown.
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in graph[v]:
        if not shown(w): continue
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1:
            comps.append(comp)
sys.setrecursionlimit(10000)
for v in list(files):
    if shown(v) and v not in index:
        strong(v)
if comps:
    for comp in comps:
        print("CYCLE among:", ", ".join(sorted(files[m] for m in comp)))
        for m in sorted(comp):
            for t in sorted(graph[m] & set(comp)):
                print(f"    {files[m]} -> {files[t]}")
    sys.exit(1)
print("no import cycle" + (f" under {'/'.join(('src',) + under)}" if under else " in src/"))
