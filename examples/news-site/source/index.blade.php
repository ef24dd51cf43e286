@extends('_layouts.master')

@section('body')
    <h1>Latest news</h1>
    @foreach ($posts as $post)
        <article>
            <h2><a href="{{ $post->getUrl() }}">{{ $post->title }}</a></h2>
            <p>{{ $post->description }}</p>
        </article>
    @endforeach
@endsection
