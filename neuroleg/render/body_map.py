"""The body map drawn: an inline SVG of the legs, front view, with the regions where something is felt shaded.

A few plain shapes per leg (hip, thigh, lower leg, foot), each its own path so it
can be shaded alone. Shaded shapes are filled dark and outlined in ink, the rest
white with a light outline: the contrast holds in greyscale print. The SVG has
no script, no style sheet and no external reference, and scales to its box.
"""

from __future__ import annotations

from html import escape

from neuroleg.views.document import BodyMap

VIEW_BOX = "0 0 100 196"
# the viewer's left leg (the person's right), as (shape, outline); the other leg is its mirror image (x -> 100 - x)
LEFT_LEG: tuple[tuple[str, tuple[tuple[float, float], ...]], ...] = (
    ("hip", ((20, 8), (49, 8), (49, 40), (46, 47), (24, 47), (19, 34), (18, 20))),
    ("thigh", ((24, 49), (46, 49), (45, 70), (42, 103), (30, 103), (26, 80))),
    ("lower-leg", ((30, 105), (42, 105), (42, 124), (40, 150), (39, 172), (33, 172), (31, 150), (29, 126))),
    ("foot", ((33, 174), (39, 174), (40, 184), (36, 190), (25, 190), (24, 186), (31, 181))),
)
# the shapes each region of the data shades
SHAPES: dict[str, tuple[str, ...]] = {
    "hips": ("hip",),
    "thighs": ("thigh",),
    "legs": ("thigh", "lower-leg"),
    "feet": ("foot",),
}


def _path(points: tuple[tuple[float, float], ...], mirror: bool) -> str:
    return "M" + " L".join(f"{100 - x if mirror else x:g} {y:g}" for x, y in points) + " Z"


def body_map_svg(block: BodyMap, ident: str, shade: str, ink: str, outline: str) -> str:
    """The map as an SVG element; `ident` names its title (unique in the page); colours as CSS hex values."""
    shaded: dict[tuple[str, bool], list[str]] = {}  # (shape, the mirrored leg) -> the regions that shade it
    for region, side in block.regions:
        for shape in SHAPES.get(region, ()):
            for mirror in (False, True) if side == "both" else (False,):
                shaded.setdefault((shape, mirror), []).append(region)
    paths = []
    for mirror in (False, True):
        for shape, points in LEFT_LEG:
            regions = shaded.get((shape, mirror))
            leg = "left" if mirror else "right"  # the person's own left and right, facing the reader
            if regions:
                paint = f'class="shaded" data-regions="{" ".join(regions)}" fill="{shade}" stroke="{ink}"'
            else:
                paint = f'class="plain" fill="#ffffff" stroke="{outline}"'
            paths.append(
                f'<path d="{_path(points, mirror)}" data-shape="{shape}" data-leg="{leg}" {paint} '
                'stroke-width="1.2" stroke-linejoin="round"/>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEW_BOX}" width="100%" role="img" '
        f'aria-labelledby="{ident}" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{ident}">{escape(block.title)}</title>' + "".join(paths) + "</svg>"
    )
