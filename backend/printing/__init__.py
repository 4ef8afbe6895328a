"""What every printed page shares, below the domains: the font, QR codes, fitting text.

Labels, daily reports, packing lists, passes and case forms print with these, so
that every PDF embeds the same font and every viewer draws the same glyphs.
"""
