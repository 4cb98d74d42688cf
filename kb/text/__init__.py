"""kb/text"""
