"""`kg query`: not implemented yet."""

from kg.errors import KgError


def register(sub):
    p = sub.add_parser("query", help="(not implemented yet)")
    p.add_argument("rest", nargs="*")
    return p


def run(args):
    raise KgError("not implemented yet")
