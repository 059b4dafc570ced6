"""`kg load`: not implemented yet."""

from kg.errors import KgError


def register(sub):
    p = sub.add_parser("load", help="(not implemented yet)")
    p.add_argument("rest", nargs="*")
    return p


def run(args):
    raise KgError("not implemented yet")
