"""Plotly chart builders: plain functions from small DataFrames to figures, Vietnamese text."""
