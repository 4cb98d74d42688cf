"""kb/retrieve"""
