#!/usr/bin/env python3
"""Generate spam-family variant fixtures: make_variants.py SEEDS_DIR OUT_DIR

Each variant takes the article prose of a seed (its gold file) and adds the
junk the spam family carries, written the many ways real pages write it:
author boxes with other headers, bullets, separators and fields; social
profiles on other platforms with counts like 12.4K; captions with other
sites and separators, duplicated or not, glued to the last prose line or
between paragraphs; calls to action; orphan tables of contents; blocks in
any order, or the author box right after the title. The expected output is
the seed's gold text, so each fixture checks both that the junk goes and
that no prose line is lost.

The output is deterministic (fixed random seed); the generated files are
committed, so the tests do not need this script.
"""
import random
import sys
from pathlib import Path

HEADERS = ['Detail Author:', 'About the Author', 'About The Author:', 'Author Details',
           'Author Details:', 'Author Info', 'Author Info:', 'Meet the Author',
           'Meet the Author:', 'Author Bio:', 'About the author']
BULLETS = ['  • ', '  - ', '  * ', '  · ', '', '• ', '- ']
SEPS = [' : ', ': ', ' - ']
SOCIAL_HEADERS = ['Socials', 'Socials:', 'Social Media', 'Social Media:', 'Follow Me',
                  'Social Profiles', None]
PLATFORMS = ['twitter', 'x', 'instagram', 'facebook', 'linkedin', 'tiktok', 'youtube',
             'pinterest', 'github', 'reddit', 'threads']
LOREM = ('quia cum ad cumque deleniti necessitatibus eligendi numquam nisi amet culpa '
         'dolores repudiandae occaecati dolorum in quas harum ex facere sit aut animi '
         'omnis fugit et fuga sequi magnam est quae velit maiores reiciendis consectetur '
         'unde sunt hic temporibus qui laboriosam quo eos voluptates non itaque '
         'perferendis rem dolore iure vitae atque saepe rerum quis').split()
ENGLISH_BIOS = [
    'Jane has covered energy policy and the Middle East for more than a decade.',
    'A former diplomat who now writes about security, trade and international law.',
    'He is a freelance analyst based in Vienna and a regular commentator on radio.',
    'Passionate about history, travel and long-form journalism.',
    'Marcus writes about geopolitics, sanctions and the economics of war.',
]
FIRST = ['Amanda', 'Roxanne', 'Oda', 'Missouri', 'Zack', 'Leila', 'Dmitri', 'Hana',
         'Tomas', 'Priya']
LAST = ['Crist', 'Rolfson', 'Hills', 'Jerde', 'Littel', 'Karimi', 'Volkov', 'Sato',
        'Novak', 'Raman']
COMPANIES = ['Schinner-O\'Connell', 'Hermiston-Hagenes', 'Skiles, Considine and Franecki',
             'Rutherford, Bashirian and Reinger', 'Kuhn Group', 'Bauch LLC']
JOBS = ['Separating Machine Operators', 'Marriage and Family Therapist', 'Production Planner',
        'Brokerage Clerk', 'Ship Engineer', 'Claims Adjuster']
SITES = ['Pacific Utility Auditing', 'Guide of the World', 'The Daily Caller',
         'United States Department of State', 'Made By Teachers', 'Wikipedia',
         'Reuters', 'Al Jazeera', 'The Moscow Times', 'Britannica', 'CNN', 'Pinterest',
         'iStock', 'Unsplash', 'World Atlas', 'Council on Foreign Relations']
TITLES = ['Map of Russia', 'Why Iran Helps Russia', 'Putin Meets Raisi In Tehran',
          'Tehran Skyline At Night', 'Shahed Drones Over Kyiv', 'The Kremlin In Winter',
          'Iran Wants To Negotiate After Crippling Israeli Strikes',
          'UTILITY COMPANIES MAKE MISTAKES - WHY?', 'Russian And Iranian Flags',
          'What Does The Alliance Mean For Europe?']
HEADLINES = ['One Dose In, And Your Life Will Never Be The Same!',
             'Why You Should Start With Why', 'The Ten Best Cities To Visit In Iran',
             'How Sanctions Are Reshaping The Russian Economy',
             'This Simple Trick Will Change How You Cook Rice']
CAPTION_SEPS = [' | ', ' - ', ' – ', ' · ']
CREDITS = ['Photo: Reuters', 'Image credit: Getty Images', '(Photo Credit : PTI)',
           'Photo by Anna Smith on Unsplash', 'Image by Gerd Altmann from Pixabay',
           'Photo credit: AFP', 'Image: Wikimedia Commons', 'Image source: Shutterstock']
STOCK = ['Free image on Pixabay', 'Free photo on Pixabay', 'Free stock photo on Pexels']
CTA = [
    'What are your thoughts on this evolving relationship?',
    'Do you believe this partnership will last, or are there limits to it?',
    'Share your insights in the comments below, and consider exploring other articles on our site.',
    'We encourage you to share your thoughts on this partnership in the comments below.',
    'Your insights are valuable.',
    'Let us know what you think in the comments below!',
    'For more in-depth analysis on international relations, explore other articles on our site.',
    "Don't forget to share this article with friends who might find it useful.",
    'If you found this article helpful, subscribe to our newsletter for weekly updates.',
    'How do you think this alliance will change the region?',
    'Have you followed these events closely? Leave a comment below.',
    'Thanks for reading!',
    'Click here to subscribe and never miss an update.',
    'Tell us your story in the comments.',
]
TOCS = ['Table of Contents', 'Table of Contents:', 'Contents', 'In This Article']


def lorem(rng, n):
    words = [rng.choice(LOREM) for _ in range(n)]
    return ' '.join(words).capitalize() + '.'


def lorem_bio(rng):
    return ' '.join(lorem(rng, rng.randint(4, 9)) for _ in range(rng.randint(2, 4)))


def count(rng):
    return rng.choice([str(rng.randint(100, 9999)), '%.1fK' % (rng.randint(10, 999) / 10),
                       '%.1fM' % (rng.randint(10, 99) / 10), '{:,}'.format(rng.randint(1000, 99999))])


def author_box(rng, blank):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    user = (first + '.' + last).lower()
    fields = [
        ('Name', '%s %s' % (first, last)),
        ('Username', user),
        ('Email', '%s@%s.com' % (user, rng.choice(['yahoo', 'hotmail', 'example', 'stanton']))),
        ('Birthdate', '19%02d-0%d-1%d' % (rng.randint(50, 99), rng.randint(1, 9), rng.randint(0, 9))),
        ('Address', '%d Klein Square Suite %d North Kayden, ME %05d' % (
            rng.randint(10, 99999), rng.randint(100, 999), rng.randint(10000, 99999))),
        ('Phone', rng.choice(['913-804-1421', '+1 (317) 469-7924', '959.667.6332'])),
        ('Company', rng.choice(COMPANIES)),
        ('Job', rng.choice(JOBS)),
        ('Bio', lorem_bio(rng) if rng.random() < 0.5 else rng.choice(ENGLISH_BIOS)),
    ]
    extras = [('Website', 'https://%s.example.com' % user), ('Location', 'Vienna, Austria'),
              ('Occupation', rng.choice(JOBS)), ('Joined', 'March 2021')]
    rng.shuffle(fields)
    fields = [f for f in fields if rng.random() < 0.85] or fields[:2]
    if rng.random() < 0.5:
        fields.insert(rng.randint(0, len(fields)), rng.choice(extras))
    bullet, sep = rng.choice(BULLETS), rng.choice(SEPS)
    lines = [rng.choice(HEADERS)]
    if blank or rng.random() < 0.5:
        lines.append('')
    lines += ['%s%s%s%s' % (bullet, k, sep, v) for k, v in fields]
    return lines


def social_block(rng, blank):
    header = rng.choice(SOCIAL_HEADERS)
    bullet = rng.choice(BULLETS[:4])
    sep = rng.choice([' : ', ': '])
    platforms = rng.sample(PLATFORMS, rng.randint(2, 5))
    lines = []
    if header:
        lines += [header, '']
    for i, p in enumerate(platforms):
        lines.append(p + ':')
        # without a header, the first platform needs fields to be recognised
        if rng.random() < 0.6 or (header is None and i == 0):
            handle = rng.choice(FIRST).lower() + str(rng.randint(1, 2024))
            lines.append('')
            lines += ['%s%s%s%s' % (bullet, k, sep, v) for k, v in [
                ('url', 'https://%s.com/%s' % (p if p != 'x' else 'x', handle)),
                ('username', handle),
                ('bio', lorem(rng, 8)),
                ('followers', count(rng)),
                ('following', count(rng)),
            ] if rng.random() < 0.9]
        lines.append('')
    return lines[:-1]


def caption(rng):
    kind = rng.random()
    if kind < 0.55:
        return rng.choice(TITLES) + rng.choice(CAPTION_SEPS) + rng.choice(SITES)
    if kind < 0.8:
        return rng.choice(TITLES) + ' · ' + rng.choice(STOCK)
    return rng.choice(CREDITS)


def join(chunks, blank):
    """Chunks are lists of lines kept as they are; a blank-separated
    document puts one blank line between chunks, like the seeds."""
    return ('\n\n' if blank else '\n').join('\n'.join(c) for c in chunks)


def make(rng, gold_text):
    blank = '\n\n' in gold_text
    units = [u for u in gold_text.rstrip('\n').split('\n') if u != '']
    title, body = units[0], units[1:]
    tail_blocks = []
    notes = []

    # calls to action and a glued caption at the end of the last paragraph
    last = body[-1]
    if rng.random() < 0.8:
        k = rng.randint(2, 4)
        start = rng.randint(0, len(CTA) - k)
        ctas = CTA[start:start + k]
        if not any(('comments' in c or 'explore' in c or 'share' in c.lower() or
                    'subscribe' in c or 'valuable' in c) for c in ctas):
            ctas.append(CTA[2])
        last += ' ' + ' '.join(ctas)
        notes.append('cta')
    glued = None
    if rng.random() < 0.6:
        glued = caption(rng) if rng.random() < 0.7 else rng.choice(HEADLINES)
        last += ' ' + glued
        notes.append('glued caption')
    body = body[:-1] + [last]

    # captions: pairs or singles
    caps = []
    if glued:
        caps.append([glued])
    for _ in range(rng.randint(1, 3)):
        c = caption(rng)
        caps.append([c, c] if rng.random() < 0.6 else [c])
    author = author_box(rng, blank)
    social = social_block(rng, blank)

    where_author = 'tail'
    if rng.random() < 0.3:
        where_author = 'top'
        notes.append('author box after the title')
    blocks = [social] + [list(c) for c in caps]
    if where_author == 'tail':
        blocks.append(author)
    rng.shuffle(blocks)
    # captions between paragraphs
    between = []
    if rng.random() < 0.5 and len(body) > 3:
        between = [(rng.randint(1, len(body) - 2), caption(rng))]
        notes.append('caption between paragraphs')

    chunks = [[title]]
    if where_author == 'top':
        chunks.append(author)
    toc = rng.random() < 0.4
    for i, p in enumerate(body):
        chunks.append([p])
        if toc and i == 0:
            chunks.append([rng.choice(TOCS)])
            notes.append('toc')
        for at, c in between:
            if at == i:
                chunks.append([c])
    for b in blocks:
        # a caption pair is two lines, each a chunk of its own
        if b is not social and b is not author:
            chunks += [[line] for line in b]
        else:
            chunks.append(b)
    text = join(chunks, blank)
    if rng.random() < 0.5:
        text += '\n'
    return text, notes


def main():
    seeds, out = Path(sys.argv[1]), Path(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261122
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 6
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    golds = sorted(seeds.glob('*.gold.txt'))
    n = 0
    for round_ in range(rounds):
        for g in golds:
            gold = g.read_text(encoding='utf-8')
            text, notes = make(rng, gold)
            name = 'v%02d_%s' % (n, g.name.split('_')[0])
            (out / (name + '.txt')).write_text(text, encoding='utf-8')
            (out / (name + '.gold.txt')).write_text(gold, encoding='utf-8')
            n += 1
    print('wrote %d variants to %s' % (n, out))


if __name__ == '__main__':
    main()
