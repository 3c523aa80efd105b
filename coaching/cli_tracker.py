"""Placeholder until the networking tracker lands: registers no commands."""

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    return None
