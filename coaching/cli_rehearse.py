"""Placeholder until the spoken rehearsal lands: registers no commands."""

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    return None
