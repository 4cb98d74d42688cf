"""kb/answer"""
