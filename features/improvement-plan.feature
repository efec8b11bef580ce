Feature: The improvement plan's milestone statuses, as the council defined them

  The Best Value directions require quarterly reports to the Secretary of State on all outstanding
  actions of the Best Value Improvement Plan 2017-18 (seed paper 002, plan update paragraph 3.2).
  The plan's update of September 2017 defines the status of each key milestone (seed paper 002,
  paragraph 4.1):
  On Target, where the key milestone will be achieved by the deadline;
  Completed, where the key milestone has been achieved by the deadline;
  Delayed, where the key milestone has not yet been completed but will be completed within a month
  of the original deadline;
  Overdue, where the key milestone has been delayed by more than a month from the date of the
  original deadline.
  The checker applies these definitions as of a date and compares them with what was reported.
  A deadline written as a month means the end of that month; a date, the end of that day.
  A plan is checked as of the start of the day named.

  @improvement-plan.on-target @improvement-plan.completed @improvement-plan.delayed @improvement-plan.overdue
  Scenario Outline: A milestone's status by the definitions, as of a date
    A milestone is Completed only when it is 100% complete. Otherwise it is On Target until the
    end of its deadline, Delayed in the month after it, and Overdue after that.

    Given a milestone due "<deadline>", <percent>% complete, reported "<reported>"
    When the plan is checked on <date>
    Then by the council's definitions the milestone is <derived>
    And the reported status <agreement> the definitions

    Examples:
      | deadline | percent | reported  | date              | derived   | agreement     |
      | Apr-17   | 50      | On Target | 30 April 2017     | On Target | agrees with   |
      | Apr-17   | 50      | On Target | 1 May 2017        | Delayed   | contradicts   |
      | Apr-17   | 50      | Delayed   | 31 May 2017       | Delayed   | agrees with   |
      | Apr-17   | 50      | Delayed   | 1 June 2017       | Overdue   | contradicts   |
      | Apr-17   | 100     | Completed | 11 September 2017 | Completed | agrees with   |
      | Apr-17   | 100     | On Target | 11 September 2017 | Completed | contradicts   |
      | Sep-17   | 10      | Delayed   | 11 September 2017 | On Target | contradicts   |
      | Mar-Apr 17 | 85    | On Target | 11 September 2017 | Overdue   | contradicts   |

  @improvement-plan.overdue
  Scenario: The issue's example: due May 2017, 80% complete, reported On Target in September
    Given a milestone due "May-17", 80% complete, reported "On Target"
    When the plan is checked on 11 September 2017
    Then by the council's definitions the milestone is Overdue
    And the reported status contradicts the definitions
    And the explanation quotes the definition "delayed by more than a month from the date of the original deadline"

  @improvement-plan.on-target
  Scenario: Ongoing work has no deadline to measure against
    Open point, read as: an ongoing milestone that is not complete is neither On Target nor late
    by the definitions, so its reported status is left as reported and not called a contradiction.

    Given a milestone due "On-going", 0% complete, reported "On Target"
    When the plan is checked on 11 September 2017
    Then its status cannot be derived from the definitions
    And the reported status is not called a contradiction

  @improvement-plan.on-target @improvement-plan.overdue @improvement-plan.delayed
  Scenario: The plan as reported to the Best Value Improvement Board on 11 September 2017
    Given the Best Value Improvement Plan 2017-18 as the council reported it in September 2017
    When the plan is checked on 11 September 2017
    Then 20 reported statuses contradict the definitions, 16 of them reporting better
    And milestone 13.2, "Tender evaluation", is Overdue although reported On Target
    And the explanation quotes the definition "where the key milestone will be achieved by the deadline"
    And milestone 14.1, "6 - month review of the Grants determination Sub-Committee", is On Target although reported Delayed
