"""kb/models"""
