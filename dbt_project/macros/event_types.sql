{#-
  The one place that knows what an event type means for Gold: its category and the weight it adds to a user's
  activity score. A new GitHub event type is one line here; a type not listed is counted as `other` with weight 1.
-#}
{% macro event_type_attributes() %}
  {{ return({
    'PushEvent':                     {'category': 'code',          'weight': 3},
    'CreateEvent':                   {'category': 'code',          'weight': 1},
    'DeleteEvent':                   {'category': 'code',          'weight': 1},
    'ReleaseEvent':                  {'category': 'code',          'weight': 4},
    'PullRequestEvent':              {'category': 'collaboration', 'weight': 5},
    'PullRequestReviewEvent':        {'category': 'collaboration', 'weight': 4},
    'PullRequestReviewCommentEvent': {'category': 'collaboration', 'weight': 3},
    'IssuesEvent':                   {'category': 'collaboration', 'weight': 3},
    'IssueCommentEvent':             {'category': 'collaboration', 'weight': 2},
    'CommitCommentEvent':            {'category': 'collaboration', 'weight': 2},
    'DiscussionEvent':               {'category': 'collaboration', 'weight': 2},
    'WatchEvent':                    {'category': 'community',     'weight': 1},
    'ForkEvent':                     {'category': 'community',     'weight': 2},
    'FollowEvent':                   {'category': 'community',     'weight': 1},
    'GistEvent':                     {'category': 'community',     'weight': 1},
    'SponsorshipEvent':              {'category': 'community',     'weight': 1},
    'GollumEvent':                   {'category': 'documentation', 'weight': 2},
    'MemberEvent':                   {'category': 'project',       'weight': 1},
    'PublicEvent':                   {'category': 'project',       'weight': 1},
  }) }}
{% endmacro %}

{% macro event_categories() %}
  {{ return(['code', 'collaboration', 'community', 'documentation', 'project', 'other']) }}
{% endmacro %}

{% macro event_category(event_type_column) -%}
  case {{ event_type_column }}
  {%- for type, attributes in event_type_attributes().items() %}
    when '{{ type }}' then '{{ attributes.category }}'
  {%- endfor %}
    else 'other'
  end
{%- endmacro %}

{% macro activity_weight(event_type_column) -%}
  case {{ event_type_column }}
  {%- for type, attributes in event_type_attributes().items() %}
    when '{{ type }}' then {{ attributes.weight }}
  {%- endfor %}
    else 1
  end
{%- endmacro %}

{#- A day's activity level from its score (the weighted sum of its events). -#}
{% macro user_activity_level(score_column) -%}
  case
    when {{ score_column }} >= 50 then 'very_high'
    when {{ score_column }} >= 20 then 'high'
    when {{ score_column }} >= 5 then 'medium'
    else 'low'
  end
{%- endmacro %}

{% macro user_activity_levels() %}
  {{ return(['low', 'medium', 'high', 'very_high']) }}
{% endmacro %}
