"""kb/query"""
