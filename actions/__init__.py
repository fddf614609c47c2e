"""Rasa custom actions: thin adapters from Rasa's tracker onto the project's packages.

The only package that imports ``rasa_sdk``.
"""
