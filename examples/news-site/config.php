<?php

// Jigsaw configuration for the example site. Masthead itself only reads source/_posts/*.md.
return [
    'production' => false,
    'baseUrl' => '',
    'siteName' => 'Riverton Gazette',
    'siteDescription' => 'Local news from a town that does not exist.',
    'collections' => [
        'posts' => [
            'sort' => '-date',
            'path' => 'news/{filename}',
        ],
    ],
];
