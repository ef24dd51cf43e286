@extends('_layouts.master')

@section('body')
    <article>
        @if ($page->image)
            <img src="{{ $page->image }}" alt="">
        @endif
        <h1>{{ $page->title }}</h1>
        <p class="categories">{{ implode(', ', (array) $page->categories) }}</p>
        @yield('content')
    </article>
@endsection
